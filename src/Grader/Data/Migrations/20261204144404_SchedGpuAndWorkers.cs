using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Grader.Data.Migrations
{
    /// <inheritdoc />
    public partial class SchedGpuAndWorkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The boolean becomes the manifest's mode: jobs queued before keep what they needed.
            migrationBuilder.AddColumn<string>(
                name: "Gpu",
                table: "Jobs",
                type: "TEXT",
                nullable: false,
                defaultValue: "none");

            migrationBuilder.Sql("""UPDATE "Jobs" SET "Gpu" = 'required' WHERE "NeedsGpu" """);

            // SQLite's own DROP COLUMN (3.35 and later), not EF Core's rebuild of the table, which turns foreign keys off
            // outside the migration's transaction: a failure half-way would leave the store half-migrated.
            migrationBuilder.Sql("""ALTER TABLE "Jobs" DROP COLUMN "NeedsGpu" """);

            migrationBuilder.CreateTable(
                name: "Workers",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Slots = table.Column<int>(type: "INTEGER", nullable: false),
                    Gpus = table.Column<string>(type: "TEXT", nullable: false),
                    GpusBusy = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AliveUntil = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workers", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Status_FinishedAt",
                table: "Jobs",
                columns: new[] { "Status", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Workers");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Status_FinishedAt",
                table: "Jobs");

            migrationBuilder.AddColumn<bool>(
                name: "NeedsGpu",
                table: "Jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("""UPDATE "Jobs" SET "NeedsGpu" = 1 WHERE "Gpu" = 'required'""");

            migrationBuilder.Sql("""ALTER TABLE "Jobs" DROP COLUMN "Gpu" """);
        }
    }
}
