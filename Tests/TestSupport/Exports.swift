@_exported import ServerHarness
