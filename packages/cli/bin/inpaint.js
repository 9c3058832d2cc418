#!/usr/bin/env node
// Entry of the `inpaint` binary: the compiled CLI (npm run build) does the work.
import "../dist/bin.js";
