// `npm start` runs `rgs start`: the server on the embedded default — SQLite in ./data, one simulated
// station, one simulated spectroscopic probe (Open Gamma Detector, Tc-99m), port 8080 (or any free port if
// 8080 is taken, said so) — until Ctrl-C.
import { storageFromFlags } from '@openrgs/store';
import { booleanFlag, CliError, type Command, JSON_OPTION } from '../command.js';

/**
 * The scenario the embedded default demonstrates: an ileal NET with a mesenteric node on
 * Tc-99m-EDDA/HYNIC-TOC and the collimated 14 mm probe (Hodolič protocol; @openrgs/sim README). Its Ga-68
 * twin, ileal-primary-occult-node, is a weak-contrast case: 511 keV photons through the PET probe's shield
 * bring in-vivo T/B to about 1.3 against bowel, so no lesion is called positive there.
 */
export const DEFAULT_SCENARIO = 'ileal-net-hynic-toc';

/** The nuclide of the demo spectrometer station (spectro-1): the scenario's Tc-99m, 140.5 keV window. */
export const DEFAULT_SPECTROMETER_NUCLIDE = 'Tc-99m';

export const command: Command = {
  name: 'start',
  summary:
    'run OpenRGS on the embedded default (what `npm start` does): SQLite in ./data, a simulated station and a simulated spectrometer, port 8080',
  usage: '[--json]',
  details:
    'Same as `rgs serve --data-dir ./data --port 8080 --simulate ' +
    DEFAULT_SCENARIO +
    ' --spectrometer ' +
    DEFAULT_SPECTROMETER_NUCLIDE +
    '`, except that a busy port 8080\n' +
    'is replaced by a free one (and said so). With no users yet, the console opens on first-run setup.\n' +
    'On first start it also generates a SYNTHETIC demo registry (rgs registry demo) so the registry page has content.',
  options: { json: JSON_OPTION },
  run: async (io, args) => {
    const { ServeError, serveUntilStopped, seedSyntheticRegistryInBackground } = await import(
      '@openrgs/server'
    );
    const json = booleanFlag(args, 'json');
    try {
      return await serveUntilStopped(io, {
        target: storageFromFlags({ 'data-dir': 'data' }, {}, io.cwd),
        host: '127.0.0.1',
        port: 8080,
        simulate: { scenario: DEFAULT_SCENARIO, stations: 1, firstSeed: 1 },
        spectrometer: { nuclide: DEFAULT_SPECTROMETER_NUCLIDE, seed: 1 },
        json,
        fallbackToFreePort: true,
        // The registry page has content on first start: a SYNTHETIC demo registry from the simulator,
        // generated off the event loop once (issue 9). `rgs registry stats --no-synthetic` leaves it out.
        onListening: (server) => {
          seedSyntheticRegistryInBackground(server.store, { casesPerScenario: 20, seed: 1 }).then(
            (result) => {
              if (result && !json) {
                io.stdout.write(
                  `registry: ${result.inserted} SYNTHETIC demo lesion rows added (marked synthetic everywhere)\n`,
                );
              }
            },
            (error: unknown) =>
              io.stderr.write(`registry: the synthetic demo registry was not generated: ${String(error)}\n`),
          );
        },
      });
    } catch (error) {
      if (error instanceof ServeError) throw new CliError(error.message);
      throw error;
    }
  },
};
