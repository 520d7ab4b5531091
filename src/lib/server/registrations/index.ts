export { register, registerCounted, type RegisterInput, type RegisterResult } from './register';
export { findEventForSignUp } from './sign-up';
export { openManage, updateDetails, exportData, type ManageView } from './manage';
export { cancelOwn } from './cancel';
export { listForEvent, listForEmail, waitlistRank } from './queries';
export { presentRegistrations } from './present';
