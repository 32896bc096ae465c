// The engine logs through a plain callback so it never depends on the app's logger;
// the worker forwards these lines to the main thread as `log` messages.
export type EngineLogLevel = 'info' | 'warn';
export type EngineLog = (level: EngineLogLevel, msg: string, data?: object) => void;
