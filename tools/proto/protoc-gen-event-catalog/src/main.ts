import { runNodeJs } from '@bufbuild/protoplugin';
import { eventCatalogPlugin } from './event-catalog.plugin';

// Reads a CodeGeneratorRequest on stdin, writes the CodeGeneratorResponse on stdout.
runNodeJs(eventCatalogPlugin);
