// The unified Janus-Pro task runners (generate + understand) for the inference worker.
export { createJanusRunners, isTestPack, JANUS_ARCHITECTURE, JANUS_PACK } from './runner.js';
export { JANUS_ROLES, GENERATION_CONFIG_ROLE } from './janus-config.js';
