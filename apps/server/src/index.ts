export { type AppDeps, createApp } from './app.js';
export { type Config, loadConfig } from './config.js';
export { AppError, type ErrorCode } from './http/errors.js';
export { backtestModel } from './services/backtest.js';
