// Chat logic every adapter shares: mention neutralising, text limits.
export { neutraliseSlackMentions } from './mentions.js';
export { truncateText, splitText } from './truncate.js';
