// Integration tests talk to a real broker, database and object store: give them time.
jest.setTimeout(120000);
