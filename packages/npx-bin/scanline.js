#!/usr/bin/env node
// `npx scanline` finds this link in node_modules/.bin and runs it at once. When the project's own
// package.json has a `bin`, npx instead installs the project into its cache first (about 1 s).
import '../../bin/scanline.js';
