using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Course.Gradebook.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountsTemporaryAndDeactivated : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TemporaryPasswordUntil",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "TemporaryPasswordUntil",
                table: "AspNetUsers");
        }
    }
}
