// `npm start` runs `rgs start`: the main job on the embedded default.
// Until the server exists this prints the overview of the CLI.
import type { Command } from '../command.js';
import { main } from '../main.js';

export const command: Command = {
  name: 'start',
  summary: 'run OpenRGS on the embedded default (what `npm start` does)',
  usage: '',
  options: {},
  run: (io) => main(['--help'], io),
};
