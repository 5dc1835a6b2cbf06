import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
/** Services with their own documented layout (a web app). */
const OWN_LAYOUT = new Set(['console']);

/** The backend services: every folder of services/ with a src/, the console excepted. */
export const backendServices = (): string[] =>
  fs.readdirSync(path.join(root, 'services')).filter((s) => !OWN_LAYOUT.has(s) && fs.existsSync(path.join(root, 'services', s, 'src')));
