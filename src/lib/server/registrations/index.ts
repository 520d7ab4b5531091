export { register, type RegisterInput, type RegisterResult } from './register';
export { openManage, updateDetails, exportData, type ManageView } from './manage';
export { cancelOwn } from './cancel';
export { listForEvent, listForEmail, waitlistRank } from './queries';
export { presentRegistrations } from './present';
