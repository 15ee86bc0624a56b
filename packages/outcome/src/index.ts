// @openrgs/outcome: the one shape of an expected failure (an Outcome with its Issues) in the domain packages.
export {
  failure,
  firstIssue,
  type Issue,
  type IssueAt,
  type IssueKind,
  invalid,
  issue,
  messagesOf,
  type Outcome,
  OutcomeError,
  ok,
  unwrap,
} from './outcome.js';
