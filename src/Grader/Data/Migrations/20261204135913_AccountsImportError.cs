using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Grader.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountsImportError : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportError",
                table: "Results",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportTraceback",
                table: "Results",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ImportError",
                table: "Results");

            migrationBuilder.DropColumn(
                name: "ImportTraceback",
                table: "Results");
        }
    }
}
