#!/usr/bin/env node
// Committed entry so npm links the command at install time, before the package is built;
// turbo builds this package before any suite that runs it.
import '../dist/cli/test-against-containers.js';
