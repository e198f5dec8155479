using Course.Tests.Shared;

// One private PostgreSQL server for the whole assembly; each test that needs it makes a database of its own.
[assembly: AssemblyFixture(typeof(PostgresServer))]
