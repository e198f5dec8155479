namespace Course.Grader.Data;

/// <summary>The database engines the course's store can live in. PostgreSQL joins when several machines share the queue.</summary>
public enum StoreProvider
{
    Sqlite,
}
