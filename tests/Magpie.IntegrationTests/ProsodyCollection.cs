namespace Magpie.IntegrationTests;

/// <summary>Tests in <c>[Collection("prosody")]</c> share one <see cref="ProsodyFixture"/>.</summary>
[CollectionDefinition("prosody")]
public sealed class ProsodyCollection : ICollectionFixture<ProsodyFixture>
{
}
