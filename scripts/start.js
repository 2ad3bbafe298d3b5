// `npm start` runs the desktop app once its Electron shell lands; until then it says so plainly.
process.stderr.write(
  'The Extracto desktop app is not part of this build yet. Use the command line meanwhile: npx extracto help\n',
);
process.exitCode = 1;
