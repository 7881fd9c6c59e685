namespace Synaptic.ML.Environments.Wrappers;

/// <summary>Checks wrappers share on the spaces of the environment they wrap.</summary>
internal static class SpaceRequirements
{
    /// <summary>The space as a <see cref="BoxSpace"/>, or an exception naming the wrapper, environment and actual space.</summary>
    public static BoxSpace RequireBox(Space space, string wrapper, string role, string envId) =>
        space as BoxSpace ?? throw new ArgumentException(
            $"{wrapper} needs a Box {role} space; {envId}'s {role} space is {space}.", "env");

    /// <summary>Throws when a component of <paramref name="box"/> is unbounded.</summary>
    public static void RequireFinite(BoxSpace box, string wrapper, string role, string envId)
    {
        for (var i = 0; i < box.Size; i++)
        {
            if (!float.IsFinite(box.Low[i]) || !float.IsFinite(box.High[i]))
                throw new ArgumentException(
                    $"{wrapper} needs finite bounds, but component {i} of {envId}'s {role} space {box} is [{box.Low[i]}, {box.High[i]}].", "env");
        }
    }
}
