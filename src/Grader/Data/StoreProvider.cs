namespace Course.Grader.Data;

/// <summary>The database engines the course's store can live in. PostgreSQL is the one several machines share the queue through.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
}
