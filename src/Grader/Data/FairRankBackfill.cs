namespace Course.Grader.Data;

/// <summary>
/// The migration <c>FairRank</c> stores each job's fair rank; before it, the rank was counted on every read. This gives
/// the jobs queued at the upgrade the rank they had then: how many of the student's jobs joined before and were not
/// finished by then. One statement for both providers (the subquery reads no column the update writes).
/// </summary>
public static class FairRankBackfill
{
    public const string Sql = """
        UPDATE "Jobs" SET "Rank" = (
            SELECT count(*) FROM "Jobs" o JOIN "Submissions" os ON os."Id" = o."SubmissionId"
            WHERE os."Student" = (SELECT s."Student" FROM "Submissions" s WHERE s."Id" = "Jobs"."SubmissionId")
              AND (o."FinishedAt" IS NULL OR o."FinishedAt" > "Jobs"."QueuedAt")
              AND (o."QueuedAt" < "Jobs"."QueuedAt" OR (o."QueuedAt" = "Jobs"."QueuedAt" AND o."Id" < "Jobs"."Id")))
        WHERE "Status" = 'Queued'
        """;
}
