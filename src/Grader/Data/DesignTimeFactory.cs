using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Course.Grader.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the portal.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GradingDbContext>
{
    public GradingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GradingDbContext>().UseSqlite("Data Source=design.db").Options);
}
