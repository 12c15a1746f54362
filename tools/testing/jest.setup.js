// Nest needs the Reflect metadata API before any decorated class is loaded.
require('reflect-metadata');
