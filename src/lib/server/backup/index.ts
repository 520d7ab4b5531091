export { createBackup, type BackupOptions, type BackupResult } from './backup';
export {
	restoreBackup,
	PRESERVED_TABLES,
	type AfterRestore,
	type RestoreOptions,
	type RestoreResult
} from './restore';
export { isEncryptedFile, type BackupInput } from './reader';
export { BackupRefusedError, FORMAT, FORMAT_VERSION, type TableCount } from './format';
