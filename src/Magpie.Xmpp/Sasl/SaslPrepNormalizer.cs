namespace Magpie.Xmpp.Sasl;

/// <summary>Unicode 3.2 NFKC over code points, driven by <see cref="SaslPrepTables"/>.</summary>
internal static class SaslPrepNormalizer
{
    // Hangul syllables are composed and decomposed arithmetically (Unicode 3.2 §3.12).
    private const int SBase = 0xAC00;
    private const int LBase = 0x1100;
    private const int VBase = 0x1161;
    private const int TBase = 0x11A7;
    private const int LCount = 19;
    private const int VCount = 21;
    private const int TCount = 28;
    private const int NCount = VCount * TCount;
    private const int SCount = LCount * NCount;

    private static readonly Lazy<Dictionary<long, int>> Compositions = new(BuildCompositions);

    public static List<int> Nfkc(List<int> input)
    {
        var decomposed = new List<int>(input.Count);
        foreach (int cp in input)
        {
            Decompose(cp, decomposed);
        }

        CanonicalOrder(decomposed);
        return Compose(decomposed);
    }

    private static void Decompose(int cp, List<int> output)
    {
        int s = cp - SBase;
        if (s is >= 0 and < SCount)
        {
            output.Add(LBase + (s / NCount));
            output.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                output.Add(TBase + (s % TCount));
            }

            return;
        }

        int index = SaslPrepTables.DecompositionKeys.BinarySearch(cp);
        if (index < 0)
        {
            output.Add(cp);
            return;
        }

        // Table entries are already fully decomposed, so no recursion is needed.
        int start = SaslPrepTables.DecompositionOffsets[index];
        int end = SaslPrepTables.DecompositionOffsets[index + 1];
        foreach (int d in SaslPrepTables.DecompositionValues[start..end])
        {
            output.Add(d);
        }
    }

    private static int CombiningClass(int cp)
    {
        int index = SaslPrepTables.CombiningClassKeys.BinarySearch(cp);
        return index < 0 ? 0 : SaslPrepTables.CombiningClassValues[index];
    }

    private static void CanonicalOrder(List<int> cps)
    {
        // Stable insertion sort of each run of non-starters by combining class; runs are short.
        for (int i = 1; i < cps.Count; i++)
        {
            int cc = CombiningClass(cps[i]);
            if (cc == 0)
            {
                continue;
            }

            int j = i;
            int current = cps[i];
            while (j > 0)
            {
                int prevClass = CombiningClass(cps[j - 1]);
                if (prevClass <= cc)
                {
                    break;
                }

                cps[j] = cps[j - 1];
                j--;
            }

            cps[j] = current;
        }
    }

    private static List<int> Compose(List<int> cps)
    {
        var output = new List<int>(cps.Count);
        if (cps.Count == 0)
        {
            return output;
        }

        int starterPos = 0;
        int starter = cps[0];
        // A leading non-starter must block everything after it.
        int lastClass = CombiningClass(starter) == 0 ? 0 : 256;
        output.Add(starter);

        for (int i = 1; i < cps.Count; i++)
        {
            int ch = cps[i];
            int chClass = CombiningClass(ch);
            int composite = ComposePair(starter, ch);
            if (composite >= 0 && (lastClass < chClass || lastClass == 0))
            {
                output[starterPos] = composite;
                starter = composite;
                continue;
            }

            if (chClass == 0)
            {
                starterPos = output.Count;
                starter = ch;
            }

            lastClass = chClass;
            output.Add(ch);
        }

        return output;
    }

    private static int ComposePair(int first, int second)
    {
        int l = first - LBase;
        int v = second - VBase;
        if (l is >= 0 and < LCount && v is >= 0 and < VCount)
        {
            return SBase + (((l * VCount) + v) * TCount);
        }

        int s = first - SBase;
        int t = second - TBase;
        if (s is >= 0 and < SCount && s % TCount == 0 && t is > 0 and < TCount)
        {
            return first + t;
        }

        return Compositions.Value.TryGetValue(Key(first, second), out int composite) ? composite : -1;
    }

    private static long Key(int first, int second) => ((long)first << 21) | (uint)second;

    private static Dictionary<long, int> BuildCompositions()
    {
        ReadOnlySpan<int> triples = SaslPrepTables.CompositionTriples;
        var map = new Dictionary<long, int>(triples.Length / 3);
        for (int i = 0; i < triples.Length; i += 3)
        {
            map[Key(triples[i], triples[i + 1])] = triples[i + 2];
        }

        return map;
    }
}
