using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Grader.Data.Migrations
{
    /// <inheritdoc />
    public partial class FairRank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Rank",
                table: "Jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Status_Rank_QueuedAt_Id",
                table: "Jobs",
                columns: new[] { "Status", "Rank", "QueuedAt", "Id" });

            // Jobs waiting at the upgrade keep the place they had: the rank was counted on every read before.
            migrationBuilder.Sql(FairRankBackfill.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Status_Rank_QueuedAt_Id",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Rank",
                table: "Jobs");
        }
    }
}
