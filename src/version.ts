/** The API and CLI version, in one place (kept in step with package.json). */
export const API_VERSION = '0.1.0';
