// Device fakes for tests of code that uses a probe (each built from its device's own documents; see
// the file headers). Not part of the runtime API.
export { GmcDevice, type GmcDeviceOptions } from './fakes/gmc-device.js';
export { OgdDevice, type OgdDeviceOptions } from './fakes/ogd-device.js';
export { RadProDevice, type RadProDeviceOptions } from './fakes/radpro-device.js';
