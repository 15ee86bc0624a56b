export {
  booleanFlag,
  CliError,
  type CliIo,
  type Command,
  JSON_OPTION,
  optionalNumber,
  type ParsedArgs,
  parseIsoInstant,
  parseNumber,
  requireIso,
  requireNumber,
  requireString,
  stringFlag,
  writeResult,
} from './command.js';
export { helpText, main } from './main.js';
