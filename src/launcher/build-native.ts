import { buildElectronNativeBinding, electronNativeBinding } from './electron-native';

// `npm run dist`: the packaged app loads this Electron build of better-sqlite3 (resources/native).
buildElectronNativeBinding();
console.log(`Module SQLite pour Electron prêt : ${electronNativeBinding}`);
