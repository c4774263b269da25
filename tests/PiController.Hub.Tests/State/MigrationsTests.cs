using System.Security.Cryptography;
using System.Text;
using PiController.Hub.State;

namespace PiController.Hub.Tests.State;

/// <summary>
/// A released migration is never edited: a database that applied the old text would differ from one that applies
/// the new. Each hash below is of the text as released; a change to the schema is a new migration (and a new line here).
/// </summary>
public sealed class MigrationsTests
{
    private static readonly string[] Released =
    [
        "521c238f9321fb30a9c79615d8ed1a655dca032b50b83948485c6921307b579e",
        "7097ba45dfd3c2ad0d028e98467ef2a31405db9df35d481407cf8cf8f3b2823e",
        "765853ee28245e3768cb14dcb28cb836ad3acf4530beb16428f55e979e381d36",
        "8bbfd61e79d2ab3fb46f17127e26304e7acf5f09af8c325c82d6b76f15e5eabb",
        "2cf3d44e73f5ec20b5587826cb70a8f64bb35b51ed697bf467b8430565ff5ed3",
        "a10344b5b79cc58d263b42753a0d57f69210f298bcad605157a85849f5b618da",
        "2569a4286203a447cf1d3c2999adf990630273fc38586eefe400044dbe5a1e43",
        "f4b8fc93968dea131efd5dc0ac9a2377e5d47796c8d0e05d81e8fb2110631e60",
        "55b7decd5d56b345eb56f01941603d8ea961757654d0588f189325e09e269b4b",
        "cfaf11e3670bf2ee76dee508f813c3e46118dde06eb34be36e2a4e09433236c1",
        "b5c5c8eca821fcaa6e36d4b881bbe0d912ae06e5b468eca3dd117d013c197985",
        "c91440410c701dae418839408d581787f4b359df552d2aeb30b7193feaedceae",
        "0e6fb8958513fbc9a1a727be4f16dbcae7e6792f161976440d2bb6b7380c9f0c",
        "712cbee8b0c887c41e985281589b3e6e0a59ec46f6ca574d7d114e407a6a4cfc",
        "2f2e4f4902d47b4ecf05259999b5c13205b0e1059d7ddb354ac016e12adb99c8",
        "7c3ca6f073dad7905c5047e0b7d99249c97d62467e477cb9b581f5dbd8854db9",
        "56216fcd016cde6055ede40e8de6e2cb35b658c1ae67af6f6a26c64d0ef9216f",
    ];

    [Fact]
    public void Released_migrations_keep_their_text()
    {
        for (var i = 0; i < Released.Length; i++)
        {
            var migration = Migrations.All[i];
            Assert.Equal(i + 1, migration.Version);
            Assert.True(Released[i] == Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migration.Sql))),
                $"migration {migration.Version} ({migration.Name}) was edited; restore its released text and add a new migration instead");
        }
    }

    [Fact]
    public void Versions_are_consecutive_from_one()
    {
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
    }
}
