export { VerityClient, VerityApiError, type TaskView, type AnswerJson } from './verity-client';
