using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Gradebook.Data.Migrations
{
    /// <inheritdoc />
    public partial class Rubrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RubricGrades",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Student = table.Column<string>(type: "TEXT", nullable: false),
                    AssignmentId = table.Column<string>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: false),
                    GradedBy = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RubricGrades", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RubricItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssignmentId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Points = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RubricItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RubricReleases",
                columns: table => new
                {
                    AssignmentId = table.Column<string>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RubricReleases", x => x.AssignmentId);
                });

            migrationBuilder.CreateTable(
                name: "AppliedRubricItem",
                columns: table => new
                {
                    RubricGradeId = table.Column<long>(type: "INTEGER", nullable: false),
                    RubricItemId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppliedRubricItem", x => new { x.RubricGradeId, x.RubricItemId });
                    table.ForeignKey(
                        name: "FK_AppliedRubricItem_RubricGrades_RubricGradeId",
                        column: x => x.RubricGradeId,
                        principalTable: "RubricGrades",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AppliedRubricItem_RubricItems_RubricItemId",
                        column: x => x.RubricItemId,
                        principalTable: "RubricItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppliedRubricItem_RubricItemId",
                table: "AppliedRubricItem",
                column: "RubricItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RubricGrades_Student_AssignmentId",
                table: "RubricGrades",
                columns: new[] { "Student", "AssignmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RubricItems_AssignmentId_Position",
                table: "RubricItems",
                columns: new[] { "AssignmentId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppliedRubricItem");

            migrationBuilder.DropTable(
                name: "RubricReleases");

            migrationBuilder.DropTable(
                name: "RubricGrades");

            migrationBuilder.DropTable(
                name: "RubricItems");
        }
    }
}
