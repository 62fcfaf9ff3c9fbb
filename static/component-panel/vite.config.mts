import { fileURLToPath } from 'node:url';
import { customUiAppConfig } from '../shared/vite-app-config.mjs';

export default customUiAppConfig(fileURLToPath(new URL('.', import.meta.url)));
