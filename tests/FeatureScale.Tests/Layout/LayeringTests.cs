using System.Reflection;
using System.Reflection.Emit;

namespace FeatureScale.Tests.Layout;

/// <summary>
/// The library's folders are layers: a namespace may use its own layer and those listed before it, never one
/// listed after. Checked on the compiled IL (signatures, fields, base types and every token in method bodies), so
/// a fully qualified name or a lambda cannot hide an upward reference.
/// </summary>
public class LayeringTests
{
    /// <summary>The layers, bottom first. A namespace not listed here fails the test: add it where it belongs.</summary>
    public static readonly string[] Layers =
    [
        "FeatureScale",
        "FeatureScale.Numerics",
        "FeatureScale.Activations",
        "FeatureScale.Reporting",
        "FeatureScale.Sampling",
        "FeatureScale.Data",
        "FeatureScale.Kernels",
        "FeatureScale.Theory",
        "FeatureScale.Architectures",
        "FeatureScale.Observables",
        "FeatureScale.Sweeps",
        "FeatureScale.Experiments",
        "FeatureScale.Analysis",
        "FeatureScale.Reproductions",
        "FeatureScale.Verification",
    ];

    private static int Rank(string? ns)
    {
        if (ns is null) return -1;
        for (int i = Layers.Length - 1; i >= 0; i--)
            if (ns == Layers[i] || (i > 0 && ns.StartsWith(Layers[i] + ".", StringComparison.Ordinal))) return i;
        return -1;
    }

    [Fact]
    public void NoNamespaceUsesALayerAboveIt()
    {
        var assembly = typeof(ConfigException).Assembly;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var ns = OuterType(type).Namespace;
            if (ns is null || ns.StartsWith("System", StringComparison.Ordinal) || ns.StartsWith("Microsoft", StringComparison.Ordinal)) continue;
            int rank = Rank(ns);
            Assert.True(rank >= 0, $"namespace {ns} (type {type.FullName}) is not in LayeringTests.Layers: add it where it belongs");
            foreach (var used in References(type))
            {
                var usedType = OuterType(used);
                if (usedType.Assembly != assembly) continue;
                int r = Rank(usedType.Namespace);
                if (r > rank) violations.Add($"{ns} → {usedType.Namespace} ({type.Name} uses {usedType.Name})");
            }
        }
        Assert.True(violations.Count == 0, "upward dependencies:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheScannerSeesAReferenceInsideAMethodBody()
    {
        // Guards the test above against a scanner that finds nothing: this method's body references Layers.
        var refs = References(typeof(LayeringTests)).ToList();
        Assert.Contains(typeof(ConfigException), refs);
        Assert.Contains(typeof(Assert), refs);
    }

    private static Type OuterType(Type t)
    {
        while (t.IsNested) t = t.DeclaringType!;
        return t;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                     BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> References(Type type)
    {
        var seen = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericParameter || !seen.Add(t)) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(All)) Add(f.FieldType);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var t in BodyReferences(m)) Add(t);
        }
        return seen;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pos = 0;
        while (pos < il.Length)
        {
            short value = il[pos] == 0xFE ? (short)(0xFE00 | il[pos + 1]) : il[pos];
            pos += il[pos] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: pos += 1; break;
                case OperandType.InlineVar: pos += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: pos += 8; break;
                case OperandType.InlineSwitch: pos += 4 + 4 * BitConverter.ToInt32(il, pos); break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                {
                    int token = BitConverter.ToInt32(il, pos);
                    pos += 4;
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
                        case MethodBase m:
                            yield return m.DeclaringType!;
                            if (m is MethodInfo mi) yield return mi.ReturnType;
                            if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                            break;
                    }
                    break;
                }
                default: pos += 4; break;
            }
        }
    }
}
