// Conditions of "approve with conditions" decisions: set with the decision,
// followed until their findings close or the chair or an admin signs them off.
export { checkConditions, insertConditions, openFindingsOf, settle, settleForFindings, signOff, type CandidateConditions, type ConditionActor } from './changes';
export { forPlatform, forReview, openConditions, type ConditionView } from './read';
export { ConditionError } from './rules';
