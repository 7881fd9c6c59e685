using System.Globalization;
using System.Reflection;
using System.Text;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trainer's options as text: every public setting is reached by a dotted path of property names
/// (<c>LearningRate</c>, <c>Policy.HiddenSizes</c>) and written as one string, so options can live in files
/// (presets, an experiment's <c>config.json</c>) and be overridden from a command line (<c>--set LearningRate=1e-3</c>).
/// </summary>
/// <remarks>
/// Values are written in the invariant culture: numbers round-trip (<c>0.001</c>, <c>1E-05</c>), booleans
/// <c>true</c>/<c>false</c>, enums by name, arrays comma-separated (<c>64,64</c>; empty for none), <c>null</c> for a
/// nullable setting left unset. A setting whose type is a family (<see cref="PolicyNetworkOptions"/>,
/// <see cref="Schedule"/>, <see cref="SequenceCoreOptions"/>) is written as the member's short name — the class name
/// without the words it shares with the family's name (<c>Spiking</c> for <see cref="SpikingPolicyOptions"/>,
/// <c>WarmupCosine(0.1, 0)</c> for a <see cref="WarmupCosineSchedule"/>) — followed by its own settings under its
/// path. Settings made of code (delegates, callbacks, progress, cancellation, environment instances) have no text
/// and are neither written nor read. Names match without regard to case, dashes or underscores.
/// </remarks>
public static class OptionText
{
    /// <summary>The text of <c>null</c>.</summary>
    public const string Null = "null";

    /// <summary>Sets the setting at <paramref name="path"/> of <paramref name="options"/> from its text.</summary>
    /// <param name="options">The options object (a trainer's <c>Options</c>, or any object of settings).</param>
    /// <param name="path">The dotted path of the setting, e.g. <c>Policy.TimeSteps</c>.</param>
    /// <param name="text">The value as text.</param>
    /// <exception cref="ArgumentException">No setting has that path, it cannot be written as text, or the text is not a value of its type.</exception>
    public static void Set(object options, string path, string text)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(text);
        var names = path.Split('.');
        var target = options;
        for (var i = 0; i < names.Length - 1; i++)
        {
            var step = Property(target.GetType(), names[i], path);
            target = step.GetValue(target)
                ?? throw new ArgumentException($"Setting '{path}': '{string.Join('.', names[..(i + 1)])}' is null; set it to one of its kinds first.", nameof(path));
        }
        var property = Property(target.GetType(), names[^1], path);
        if (!property.CanWrite || property.SetMethod is not { IsPublic: true })
            throw new ArgumentException($"Setting '{path}' of {options.GetType().Name} cannot be changed (it has no public setter).", nameof(path));
        if (!HasText(property.PropertyType))
            throw new ArgumentException($"Setting '{path}' ({TypeName(property.PropertyType)}) is made of code and has no text form; set it in C#.", nameof(path));
        object? value;
        try
        {
            value = Parse(property.PropertyType, text.Trim());
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Setting '{path}': {e.Message}", nameof(text), e);
        }
        property.SetValue(target, value);
    }

    /// <summary>Sets several settings in order (a family's kind before its own settings, as <see cref="Write"/> lists them).</summary>
    /// <param name="options">The options object.</param>
    /// <param name="settings">Path and text pairs.</param>
    /// <exception cref="ArgumentException">A path or a value is not valid; the message names it.</exception>
    public static void SetAll(object options, IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (path, text) in settings)
            Set(options, path, text);
    }

    /// <summary>Every setting of <paramref name="options"/> that has a text form, path → text, base class's settings first.</summary>
    /// <param name="options">The options object.</param>
    /// <returns>The settings in an order <see cref="SetAll"/> can apply.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Write(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new List<KeyValuePair<string, string>>();
        WriteObject(options, "", settings);
        return settings;
    }

    /// <summary>
    /// The settings of <paramref name="options"/> whose text differs from a fresh object's of the same type: what a
    /// preset or an override changed.
    /// </summary>
    /// <param name="options">The options object; its type needs a public parameterless constructor.</param>
    /// <returns>The changed settings, in <see cref="Write"/>'s order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Changes(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Replayed on a fresh object, so that a family member's settings are compared with that member's defaults
        // (a spiking policy's HiddenSizes with the spiking default, not the MLP's).
        var probe = Activator.CreateInstance(options.GetType())!;
        var changed = new List<KeyValuePair<string, string>>();
        foreach (var (path, text) in Write(options))
        {
            if (Write(probe).FirstOrDefault(p => p.Key == path).Value == text)
                continue;
            Set(probe, path, text);
            changed.Add(new(path, text));
        }
        return changed;
    }

    /// <summary>Reads <c>path=value</c>.</summary>
    /// <param name="assignment">The text, e.g. <c>Policy.TimeSteps=6</c>.</param>
    /// <returns>The path and the value's text.</returns>
    /// <exception cref="ArgumentException">There is no <c>=</c> or no path.</exception>
    public static KeyValuePair<string, string> ParseAssignment(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new ArgumentException($"'{assignment}' is not a setting: write path=value, e.g. LearningRate=0.001 or Policy.HiddenSizes=64,64.", nameof(assignment));
        return new(assignment[..equals].Trim(), assignment[(equals + 1)..].Trim());
    }

    /// <summary>The text of one value of a setting's type (as <see cref="Write"/> writes it).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its text.</returns>
    public static string Format(object? value) => value switch
    {
        null => Null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable when value.GetType().IsPrimitive || value is decimal => formattable.ToString(null, CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        System.Collections.IEnumerable sequence => string.Join(",", sequence.Cast<object?>().Select(Format)),
        _ => KindText(value),
    };

    private static void WriteObject(object target, string prefix, List<KeyValuePair<string, string>> settings)
    {
        foreach (var property in Properties(target.GetType()))
        {
            if (!HasText(property.PropertyType))
                continue;
            var path = prefix + property.Name;
            var value = property.GetValue(target);
            var writable = property.SetMethod is { IsPublic: true };
            if (IsFamily(property.PropertyType))
            {
                if (writable)
                    settings.Add(new(path, Format(value)));
                if (value is not null && !HasArguments(value.GetType()))
                    WriteObject(value, path + ".", settings);
            }
            else if (writable)
            {
                settings.Add(new(path, Format(value)));
            }
        }
    }

    private static IEnumerable<PropertyInfo> Properties(Type type)
    {
        // Base class first, then each derived class's own, each in declaration order.
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            chain.Push(t);
        foreach (var t in chain)
        {
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            {
                if (property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true } && property.GetMethod.GetBaseDefinition() == property.GetMethod)
                    yield return property;
            }
        }
    }

    private static PropertyInfo Property(Type type, string name, string path)
    {
        var match = Properties(type).FirstOrDefault(p => SameName(p.Name, name));
        if (match is not null)
            return match;
        var known = Properties(type).Where(p => HasText(p.PropertyType)).Select(p => p.Name).ToList();
        var hint = Text.ClosestName.Suggest(name, known) is string closest ? $" Did you mean '{closest}'?" : "";
        throw new ArgumentException($"Setting '{path}': {type.Name} has no setting '{name}'.{hint} Its settings: {string.Join(", ", known)}.", nameof(path));
    }

    private static bool HasText(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal))
            return true;
        if (ElementType(t) is { } element)
            return HasText(element) && !IsFamily(element);
        return IsFamily(t);
    }

    // A family: a class whose members are chosen by name (an abstract base, or a sealed class with public settings).
    private static bool IsFamily(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(Delegate).IsAssignableFrom(type) && type.Namespace?.StartsWith("Synaptic.ML", StringComparison.Ordinal) == true
        && ElementType(type) is null && Members(type).Any();

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)))
            return type.GetGenericArguments()[0];
        return null;
    }

    // The concrete classes a family's setting can hold: public, not abstract, made by a public constructor.
    private static IEnumerable<Type> Members(Type family) =>
        MemberCache.GetOrAdd(family, f =>
            [.. f.Assembly.GetExportedTypes().Concat(SynapticTypes()).Distinct()
                .Where(t => f.IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition && Representable(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type[]> MemberCache = new();

    private static IEnumerable<Type> SynapticTypes() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.GetName().Name?.StartsWith("Synaptic.ML", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetExportedTypes());

    // A member has text when it is made with no arguments, or from values that themselves have text.
    private static bool Representable(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is not null
        || ArgumentConstructor(type)?.GetParameters().All(p => Simple(p.ParameterType)) == true;

    private static bool Simple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || (ElementType(t) is { } e && Simple(e));
    }

    private static bool HasArguments(Type type) => ArgumentConstructor(type) is not null && type.GetConstructor(Type.EmptyTypes) is null;

    // A constructor whose parameters are all read back by get-only properties of the same names.
    private static ConstructorInfo? ArgumentConstructor(Type type) =>
        type.GetConstructors().Where(c => c.GetParameters().Length > 0)
            .FirstOrDefault(c => c.GetParameters().All(p => type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null));

    // The short name of a family member: its class name without the words it shares with the family's name.
    private static string ShortName(Type member, Type family)
    {
        var familyWords = new HashSet<string>(StringComparer.Ordinal);
        for (var t = member.BaseType; t is not null && t != typeof(object); t = t.BaseType)
            familyWords.UnionWith(Words(t.Name));
        familyWords.UnionWith(Words(family.Name));
        var words = Words(member.Name).ToList();
        while (words.Count > 1 && familyWords.Contains(words[^1]))
            words.RemoveAt(words.Count - 1);
        return string.Concat(words);
    }

    private static IEnumerable<string> WordPrefixes(string name)
    {
        var prefix = "";
        foreach (var word in Words(name))
            yield return prefix += word;
    }

    private static IEnumerable<string> Words(string name)
    {
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])))
            {
                yield return name[start..i];
                start = i;
            }
        }
    }

    private static string KindText(object value)
    {
        var type = value.GetType();
        var family = FamilyOf(type);
        var name = ShortName(type, family);
        if (ArgumentConstructor(type) is { } constructor && type.GetConstructor(Type.EmptyTypes) is null)
        {
            var arguments = constructor.GetParameters().Select(p =>
                Format(type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!.GetValue(value)));
            return $"{name}({string.Join(", ", arguments)})";
        }
        return name;
    }

    // The most general Synaptic class above a member (the family it is chosen from).
    private static Type FamilyOf(Type type)
    {
        var family = type;
        while (family.BaseType is { } b && b != typeof(object) && b.Namespace?.StartsWith("Synaptic.ML", StringComparison.Ordinal) == true)
            family = b;
        return family;
    }

    private static object? Parse(Type type, string text)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying is not null || !type.IsValueType) && text == Null)
            return null;
        var t = underlying ?? type;
        if (t == typeof(string))
            return text;
        if (t == typeof(bool))
            return bool.TryParse(text, out var b) ? b : throw new FormatException($"'{text}' is not true or false.");
        if (t.IsEnum)
        {
            var name = Enum.GetNames(t).FirstOrDefault(n => SameName(n, text));
            return name is not null ? Enum.Parse(t, name) : throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(t))}.");
        }
        if (t.IsPrimitive || t == typeof(decimal))
        {
            try
            {
                return Convert.ChangeType(text, t, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"'{text}' is not a {TypeName(t)}.", e);
            }
        }
        if (ElementType(t) is { } element)
        {
            var items = text.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => Parse(element, s)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++)
                array.SetValue(items[i], i);
            return t.IsArray || t.IsInterface ? array : Activator.CreateInstance(t, array);
        }
        return ParseKind(t, text);
    }

    private static object ParseKind(Type family, string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = open < 0 ? text : text[..open].Trim();
        string[] arguments = open < 0 ? [] : text[(open + 1)..].TrimEnd().TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        // A family's own static members first (Schedule.Linear, Schedule.WarmupCosine(0.1, 0)), as C# would write them.
        foreach (var member in family.GetMembers(BindingFlags.Public | BindingFlags.Static).Where(m => SameName(m.Name, name)))
        {
            if (member is PropertyInfo { } p && arguments.Length == 0 && family.IsAssignableFrom(p.PropertyType))
                return p.GetValue(null)!;
            if (member is MethodInfo { } m && family.IsAssignableFrom(m.ReturnType) && m.GetParameters() is var parameters
                && arguments.Length <= parameters.Length && parameters.Skip(arguments.Length).All(x => x.HasDefaultValue))
                return m.Invoke(null, Arguments(parameters, arguments))!;
        }
        var members = Members(family).ToList();
        // The short name, or the class name cut after any of its words (MlpPolicy, MlpPolicyOptions), when one member has it.
        var type = members.FirstOrDefault(t => SameName(ShortName(t, FamilyOf(t)), name))
            ?? (members.Where(t => WordPrefixes(t.Name).Any(p => SameName(p, name))).ToList() is [var single] ? single : null)
            ?? throw new FormatException($"'{name}' is not a kind of {family.Name}; the kinds are {string.Join(", ", members.Select(t => ShortName(t, FamilyOf(t))))}.");
        if (arguments.Length == 0 && type.GetConstructor(Type.EmptyTypes) is { } parameterless)
            return parameterless.Invoke(null);
        var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters() is var ps && arguments.Length <= ps.Length && ps.Skip(arguments.Length).All(x => x.HasDefaultValue))
            ?? throw new FormatException($"{type.Name} is not made from {arguments.Length} values.");
        return constructor.Invoke(Arguments(constructor.GetParameters(), arguments));
    }

    private static object?[] Arguments(ParameterInfo[] parameters, string[] texts) =>
        [.. parameters.Select((p, i) => i < texts.Length ? Parse(p.ParameterType, texts[i]) : p.DefaultValue)];

    private static string TypeName(Type type) => type == typeof(double) ? "number" : type == typeof(int) || type == typeof(long) ? "whole number" : type.Name;

    private static bool SameName(string a, string b) => string.Equals(Simplify(a), Simplify(b), StringComparison.OrdinalIgnoreCase);

    private static string Simplify(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is not ('-' or '_' or ' '))
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
