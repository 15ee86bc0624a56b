// What to tell a user whose serial port will not open, in words, with the fix. The messages are those
// of node-serialport's Linux binding (errno names in the text: "Error: EACCES: permission denied, …",
// "Error: No such file or directory, cannot open /dev/ttyUSB0", "Error Resource temporarily unavailable
// Cannot lock port").
// - dialout: on Debian/Ubuntu /dev/ttyUSB* and /dev/ttyACM* belong to group `dialout`.
// - brltty: Ubuntu's brltty udev rule claims USB id 1a86:7523 (the CH340 bridge inside GQ GMC counters),
//   so the port vanishes a moment after plugging in. pygmc docs/knownissues.rst lines 4-28 give the
//   fix: comment out the `ENV{PRODUCT}=="1a86/7523/*"` line in /usr/lib/udev/rules.d/85-brltty.rules
//   (or /usr/lib/udev/85-brltty.rules), or remove brltty.

/** A sentence with the fix, or undefined when the failure is not one we recognise. */
export function portFailureHint(errorMessage: string, portDescription: string): string | undefined {
  const m = errorMessage.toLowerCase();
  if (/eacces|permission denied/.test(m))
    return 'no permission to open the port: add your user to the dialout group (sudo usermod -aG dialout $USER), then log out and back in';
  if (/enoent|no such file/.test(m)) {
    const usb = /ttyUSB/.test(portDescription) || /ttyUSB/.test(errorMessage);
    return usb
      ? 'the port does not exist: check the cable and `rgs probe list`; on Ubuntu, brltty takes over the CH340 chip of GQ GMC counters (USB 1a86:7523) — comment out the 1a86/7523 line in /usr/lib/udev/rules.d/85-brltty.rules or `sudo apt remove brltty`, then replug'
      : 'the port does not exist: check the cable and the name with `rgs probe list`';
  }
  if (/ebusy|resource busy|cannot lock port|resource temporarily unavailable/.test(m))
    return 'the port is in use by another program (another rgs, a serial monitor, ModemManager or brltty): close it and try again';
  return undefined;
}
