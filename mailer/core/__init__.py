"""Pure core: no network, no clock, no disk. Values in, values out."""
