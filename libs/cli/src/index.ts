export { main, HELP } from './main';
export { type Io, CliError, processIo } from './io';
export { readAnswers, readGold } from './read-answers';
export { splitCsvLine, csvRow, formatNumber, parseCsv } from './csv';
export { dlqCommand, DLQ_EXIT, DLQ_HELP } from './commands/dlq';
export { eraseCommand, ERASE_EXIT, ERASE_HELP } from './commands/erase';
