export { APP_ERROR_CODES, AppError, type AppErrorCode } from './shared/app-error.js';
export { err, ok, type Result } from './shared/result.js';
