// The `feedback.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/feedback/v1/feedback_pb';
export { feedbackTopic } from './feedback.topic';
export { missingFeedbackField } from './feedback-fields';
