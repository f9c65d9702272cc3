// Nothing: a node process that loads one file and exits, the baseline the
// cold measurements are read against.
