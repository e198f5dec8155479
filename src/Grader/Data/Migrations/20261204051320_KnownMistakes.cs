using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Grader.Data.Migrations
{
    /// <inheritdoc />
    public partial class KnownMistakes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MistakeHint",
                table: "Results",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MistakeName",
                table: "Results",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MistakeHint",
                table: "Results");

            migrationBuilder.DropColumn(
                name: "MistakeName",
                table: "Results");
        }
    }
}
