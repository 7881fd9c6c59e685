using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Tests.Persistence;

/// <summary>
/// Round-trips a minimal custom transformer through <c>MLContext.Model.Save/Load</c> via <see cref="MlNetModelIO"/>.
/// </summary>
[TestClass]
public sealed class MlNetModelIOTests
{
    private static readonly float[] TrainX = [-2f, 0.5f, 1f, 3f, 4f];
    private static readonly float[] ProbeX = [-1.5f, 0f, 0.25f, 2f, 8f];

    [TestMethod]
    public void VerifyInternalsAvailable_ResolvesEveryMember()
    {
        MlNetModelIO.VerifyInternalsAvailable();
    }

    [TestMethod]
    public void ModelFormat_RejectsBadSignaturesAndVersions()
    {
        ArgumentException shortSignature = Assert.Throws<ArgumentException>(() => new ModelFormat("SHORT", 1, 1, "Loader"));
        StringAssert.Contains(shortSignature.Message, "exactly 8 characters");
        Assert.Throws<ArgumentException>(() => new ModelFormat("NINECHARS", 1, 1, "Loader"));
        Assert.Throws<ArgumentException>(() => new ModelFormat("        ", 1, 1, "Loader"));
        Assert.Throws<ArgumentException>(() => new ModelFormat("SIGNATUR", 1, 2, "Loader"));
        Assert.Throws<ArgumentException>(() => new ModelFormat("SIGNATUR", 1, 1, " "));
        Assert.Throws<ArgumentNullException>(() => new ModelFormat(null!, 1, 1, "Loader"));

        var format = new ModelFormat("SIGN  01", 3, 2, "Loader");
        Assert.AreEqual(new ModelFormat("SIGN  01", 3, 2, "Loader"), format);
        (string signature, uint current, uint oldest, string loader) = format;
        Assert.AreEqual(("SIGN  01", 3u, 2u, "Loader"), (signature, current, oldest, loader));
    }

    [TestMethod]
    public void Save_WithLoaderSignatureTooLongForHeader_ThrowsClearMessage()
    {
        // 26 characters: ML.NET's model header holds at most 24.
        var format = new ModelFormat("SYNDOUBL", 1, 1, "SynapticPopulationEncoding");
        ArgumentException error = Assert.Throws<ArgumentException>(() => SaveToy(new DoublingTransformer("x", "y", writeFormat: format)));
        StringAssert.Contains(error.Message, "'SynapticPopulationEncoding'");
        StringAssert.Contains(error.Message, "24");
    }

    [TestMethod]
    public void CreateSchemaShape_DescribesEachColumn()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("a", NumberDataViewType.Single);
        builder.AddColumn("b", new VectorDataViewType(NumberDataViewType.Double, 3));

        SchemaShape shape = MlNetModelIO.CreateSchemaShape(builder.ToSchema());

        Assert.HasCount(2, shape);
        Assert.AreEqual("a", shape[0].Name);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, shape[0].Kind);
        Assert.AreEqual(NumberDataViewType.Single, shape[0].ItemType);
        Assert.AreEqual("b", shape[1].Name);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, shape[1].Kind);
        Assert.AreEqual(NumberDataViewType.Double, shape[1].ItemType);
    }

    [TestMethod]
    public void RegisterLoader_IsIdempotentAndThreadSafe()
    {
        var context = new MLContext(seed: 1);
        Parallel.For(0, 16, _ => DoublingTransformer.Register(context));
        DoublingTransformer.Register(context);

        DoublingTransformer loaded = SaveAndLoad(new DoublingTransformer("x", "y"), context);
        Assert.AreEqual(2f, loaded.Factor);
    }

    [TestMethod]
    public void RegisterLoader_RejectsSecondTypeForSameLoaderSignature()
    {
        var context = new MLContext(seed: 1);
        DoublingTransformer.Register(context);

        MethodInfo create = typeof(OtherTransformerLoader).GetMethod(nameof(OtherTransformerLoader.Create))!;
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => MlNetModelIO.RegisterLoader(context, typeof(OtherTransformerLoader), DoublingTransformer.Format, create));
        StringAssert.Contains(error.Message, DoublingTransformer.Format.LoaderSignature);
    }

    [TestMethod]
    public void RegisterLoader_RejectsCreateWithWrongSignature()
    {
        var context = new MLContext(seed: 1);
        MethodInfo wrong = typeof(DoublingTransformer).GetMethod(nameof(DoublingTransformer.GetOutputSchema))!;
        Assert.Throws<ArgumentException>(
            () => MlNetModelIO.RegisterLoader(context, typeof(DoublingTransformer), DoublingTransformer.Format, wrong));
    }

    [TestMethod]
    public void StandaloneTransformer_RoundTripsWithIdenticalOutputs()
    {
        var trainContext = new MLContext(seed: 1);
        IDataView data = trainContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }));
        var original = new DoublingTransformer("x", "y");

        byte[] bytes = Save(trainContext, original, data.Schema);
        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        ITransformer loaded = Load(loadContext, bytes, out DataViewSchema inputSchema);

        DoublingTransformer reloaded = Assert.IsInstanceOfType<DoublingTransformer>(loaded);
        Assert.AreEqual("x", reloaded.InputColumn);
        Assert.AreEqual("y", reloaded.OutputColumn);
        Assert.AreEqual(2f, reloaded.Factor);
        Assert.AreEqual(DoublingTransformer.Format.CurrentVersion, reloaded.WrittenVersion);
        Assert.IsTrue(typeof(IHostEnvironment).IsAssignableFrom(reloaded.LoadEnvironmentType));
        Assert.IsNotNull(inputSchema.GetColumnOrNull("x"));

        (float[] xs, float[] ys) before = ReadXY(original.Transform(data));
        (float[] xs, float[] ys) after = ReadXY(loaded.Transform(loadContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }))));
        CollectionAssert.AreEqual(TrainX, after.xs);
        CollectionAssert.AreEqual(TrainX.Select(x => 2f * x).ToArray(), after.ys);
        CollectionAssert.AreEqual(before.ys, after.ys);

        var engine = loadContext.Model.CreatePredictionEngine<XRow, XYRow>(loaded, inputSchema);
        foreach (float x in ProbeX)
        {
            XYRow prediction = engine.Predict(new XRow { X = x });
            Assert.AreEqual(x, prediction.X);
            Assert.AreEqual(2f * x, prediction.Y);
        }
    }

    [TestMethod]
    public void ChainWithNormalizeMinMax_RoundTripsWithIdenticalOutputs()
    {
        var trainContext = new MLContext(seed: 1);
        IDataView data = trainContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }));
        var pipeline = trainContext.Transforms.NormalizeMinMax("xn", "x")
            .Append(new DoublingEstimator("xn", "y"));
        TransformerChain<DoublingTransformer> model = pipeline.Fit(data);

        // fixZero (the default) scales by 1 / max|x| and keeps zero at zero.
        float maxAbs = TrainX.Max(Math.Abs);
        float[] expectedXn = TrainX.Select(x => x / maxAbs).ToArray();
        (float[] trainXn, float[] trainY) = ReadColumns(model.Transform(data), "xn", "y");
        AssertClose(expectedXn, trainXn);
        CollectionAssert.AreEqual(trainXn.Select(v => 2f * v).ToArray(), trainY);

        byte[] bytes = Save(trainContext, model, data.Schema);
        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        ITransformer loaded = Load(loadContext, bytes, out DataViewSchema inputSchema);

        var chain = Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded);
        Assert.IsInstanceOfType<DoublingTransformer>(chain.LastTransformer);
        (float[] loadedXn, float[] loadedY) = ReadColumns(
            loaded.Transform(loadContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }))), "xn", "y");
        CollectionAssert.AreEqual(trainXn, loadedXn);
        CollectionAssert.AreEqual(trainY, loadedY);

        var engine = loadContext.Model.CreatePredictionEngine<XRow, XnYRow>(loaded, inputSchema);
        foreach (float x in ProbeX)
        {
            XnYRow prediction = engine.Predict(new XRow { X = x });
            Assert.AreEqual(x / maxAbs, prediction.Xn, 1e-6f);
            Assert.AreEqual(2f * prediction.Xn, prediction.Y);
        }
    }

    [TestMethod]
    public void TransformerChainAppend_RoundTrips()
    {
        var trainContext = new MLContext(seed: 1);
        IDataView data = trainContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }));
        ITransformer normalizer = trainContext.Transforms.NormalizeMinMax("x").Fit(data);
        TransformerChain<DoublingTransformer> model = normalizer.Append(new DoublingTransformer("x", "y"));

        byte[] bytes = Save(trainContext, model, data.Schema);
        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        ITransformer loaded = Load(loadContext, bytes, out _);

        float maxAbs = TrainX.Max(Math.Abs);
        (float[] xs, float[] ys) = ReadXY(loaded.Transform(loadContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }))));
        AssertClose(TrainX.Select(x => x / maxAbs).ToArray(), xs);
        CollectionAssert.AreEqual(xs.Select(v => 2f * v).ToArray(), ys);
        CollectionAssert.AreEqual(ReadXY(model.Transform(data)).ys, ys);
    }

    [TestMethod]
    public void Load_ModelFromNewerFormat_ThrowsClearMessage()
    {
        var newer = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010003, 0x00010003, DoublingTransformer.Format.LoaderSignature);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", writeFormat: newer));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);

        // ML.NET invokes Create by reflection: the loader's exception arrives as the inner exception.
        TargetInvocationException wrapped = Assert.ThrowsExactly<TargetInvocationException>(() => Load(loadContext, bytes, out _));
        InvalidDataException error = Assert.IsInstanceOfType<InvalidDataException>(wrapped.InnerException);

        StringAssert.Contains(error.Message, "'SYNDOUBL'");
        StringAssert.Contains(error.Message, "saved in format version 0x00010003");
        StringAssert.Contains(error.Message, "reads versions 0x00010001 to 0x00010002");
        StringAssert.Contains(error.Message, "Upgrade Synaptic.ML");
    }

    [TestMethod]
    public void Load_NewerLayoutThatStillReadsOldOnes_NeedsANewReaderAndSaysUpgrade()
    {
        // A library that changed the stored layout (writes 0x00010003) but still reads the old zips (0x00010001 on):
        // its zips declare that only readers of 0x00010003 can read them, so this reader (0x00010002) refuses them
        // with the clear message instead of misreading the new layout.
        var newer = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010003, 0x00010001, DoublingTransformer.Format.LoaderSignature,
            MinimumReaderVersion: 0x00010003);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", writeFormat: newer));
        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        using var stream = new MemoryStream(bytes);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => loadContext.Synaptic().LoadModel(stream, out _));
        StringAssert.Contains(error.Message, "needs a reader of version 0x00010003 or newer");
        StringAssert.Contains(error.Message, "Upgrade Synaptic.ML");

        Assert.ThrowsExactly<ArgumentException>(() => new ModelFormat("SYNDOUBL", 0x00010002, 0x00010001, "SynapticDoubling", MinimumReaderVersion: 0x00010003));
    }

    [TestMethod]
    public void SynapticLoadModel_ModelFromNewerFormat_SaysSoAtTheTop()
    {
        var newer = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010003, 0x00010003, DoublingTransformer.Format.LoaderSignature);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", writeFormat: newer));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        using var stream = new MemoryStream(bytes);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => loadContext.Synaptic().LoadModel(stream, out _));

        StringAssert.StartsWith(error.Message, "Cannot load the model from the stream: ");
        StringAssert.Contains(error.Message, "saved in format version 0x00010003");
        StringAssert.Contains(error.Message, "Upgrade Synaptic.ML");
    }

    [TestMethod]
    public void Load_ChainHoldingModelFromNewerFormat_ThrowsClearMessage()
    {
        var newer = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010003, 0x00010003, DoublingTransformer.Format.LoaderSignature);
        var trainContext = new MLContext(seed: 1);
        IDataView data = trainContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }));
        TransformerChain<DoublingTransformer> model = trainContext.Transforms.NormalizeMinMax("x").Fit(data)
            .Append(new DoublingTransformer("x", "y", writeFormat: newer));
        byte[] bytes = Save(trainContext, model, data.Schema);

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        InvalidDataException error = LoadFailure(loadContext, bytes);

        StringAssert.Contains(error.Message, "0x00010003");
        StringAssert.Contains(error.Message, "Upgrade Synaptic.ML");
    }

    [TestMethod]
    public void Load_ModelFromNewerButCompatibleFormat_Loads()
    {
        // Written by a future version that declares readers of 0x00010002 can still read it.
        var newer = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010005, 0x00010002, DoublingTransformer.Format.LoaderSignature);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", factor: 3.5f, writeFormat: newer));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        DoublingTransformer loaded = Assert.IsInstanceOfType<DoublingTransformer>(Load(loadContext, bytes, out _));
        Assert.AreEqual(3.5f, loaded.Factor);
        Assert.AreEqual(0x00010005u, loaded.WrittenVersion);
        (_, float[] ys) = ReadXY(loaded.Transform(loadContext.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }))));
        CollectionAssert.AreEqual(TrainX.Select(x => 3.5f * x).ToArray(), ys);
    }

    [TestMethod]
    public void Load_ModelFromTooOldFormat_ThrowsClearMessage()
    {
        var older = new ModelFormat(DoublingTransformer.Format.ModelSignature, 0x00010000, 0x00010000, DoublingTransformer.Format.LoaderSignature);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", writeFormat: older));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        InvalidDataException error = LoadFailure(loadContext, bytes);

        StringAssert.Contains(error.Message, "'SYNDOUBL'");
        StringAssert.Contains(error.Message, "0x00010000");
        StringAssert.Contains(error.Message, "0x00010001 to 0x00010002");
    }

    [TestMethod]
    public void Load_WithDifferentModelSignature_ThrowsClearMessage()
    {
        var other = new ModelFormat("OTHERSIG", DoublingTransformer.Format.CurrentVersion, DoublingTransformer.Format.OldestReadableVersion, DoublingTransformer.Format.LoaderSignature);
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y", writeFormat: other));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        InvalidDataException error = LoadFailure(loadContext, bytes);

        StringAssert.Contains(error.Message, "'OTHERSIG'");
        StringAssert.Contains(error.Message, "expected 'SYNDOUBL'");
    }

    [TestMethod]
    public void Load_WithoutRegisteredLoader_ThrowsFormatException()
    {
        // ML.NET 5.0.1 behavior: the loader signature is not found in the loading context's catalog.
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y"));

        var loadContext = new MLContext(seed: 2);
        FormatException error = Assert.ThrowsExactly<FormatException>(() => Load(loadContext, bytes, out _));
        StringAssert.Contains(error.Message, "Couldn't load model");
    }

    [TestMethod]
    public void Load_TruncatedModel_ThrowsFormatException()
    {
        // ML.NET 5.0.1 behavior: the zip directory is at the end, so half a model is not a zip at all.
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y"));

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        FormatException error = Assert.ThrowsExactly<FormatException>(() => Load(loadContext, bytes[..(bytes.Length / 2)], out _));
        Assert.IsInstanceOfType<InvalidDataException>(error.InnerException);
    }

    [TestMethod]
    public void Load_WithAlteredSideStream_SurfacesLoaderError()
    {
        byte[] bytes = SaveToy(new DoublingTransformer("x", "y"));
        byte[] altered = RewriteEntry(bytes, DoublingTransformer.FactorStreamName, content =>
        {
            content[0] ^= 0xFF;
            return content;
        });

        var loadContext = new MLContext(seed: 2);
        DoublingTransformer.Register(loadContext);
        InvalidDataException error = LoadFailure(loadContext, altered);
        StringAssert.Contains(error.Message, DoublingTransformer.FactorStreamName);
    }

    [TestMethod]
    public void BeginLoad_RejectsForeignContextObject()
    {
        Assert.Throws<ArgumentException>(() => MlNetModelIO.BeginLoad(new object(), DoublingTransformer.Format));
        Assert.Throws<ArgumentException>(() => MlNetModelIO.TryLoadBinaryStream("not a context", "name", _ => { }));
    }

    private static byte[] SaveToy(DoublingTransformer transformer)
    {
        var context = new MLContext(seed: 1);
        IDataView data = context.Data.LoadFromEnumerable(TrainX.Select(x => new XRow { X = x }));
        return Save(context, transformer, data.Schema);
    }

    private static DoublingTransformer SaveAndLoad(DoublingTransformer transformer, MLContext loadContext) =>
        Assert.IsInstanceOfType<DoublingTransformer>(Load(loadContext, SaveToy(transformer), out _));

    private static byte[] Save(MLContext context, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        context.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    private static ITransformer Load(MLContext context, byte[] bytes, out DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return context.Model.Load(stream, out inputSchema);
    }

    /// <summary>
    /// ML.NET invokes the loader's Create through reflection, so the loader's exception arrives wrapped
    /// (in TargetInvocationException, possibly more than once); find it in the chain of inner exceptions.
    /// </summary>
    private static InvalidDataException LoadFailure(MLContext context, byte[] bytes)
    {
        Exception thrown = Assert.Throws<Exception>(() => Load(context, bytes, out _));
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (e is InvalidDataException found)
            {
                return found;
            }
        }

        Assert.Fail($"Expected an InvalidDataException in the chain, got: {thrown}");
        throw new UnreachableException();
    }

    private static byte[] RewriteEntry(byte[] zip, string entrySuffix, Func<byte[], byte[]> change)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = archive.Entries.Single(e => e.FullName.EndsWith(entrySuffix, StringComparison.Ordinal));
            byte[] content;
            using (Stream read = entry.Open())
            using (var copy = new MemoryStream())
            {
                read.CopyTo(copy);
                content = copy.ToArray();
            }

            string name = entry.FullName;
            entry.Delete();
            using Stream write = archive.CreateEntry(name).Open();
            write.Write(change(content));
        }

        return stream.ToArray();
    }

    private static (float[] xs, float[] ys) ReadXY(IDataView view) => ReadColumns(view, "x", "y");

    private static (float[] first, float[] second) ReadColumns(IDataView view, string first, string second)
    {
        DataViewSchema.Column a = view.Schema[first];
        DataViewSchema.Column b = view.Schema[second];
        var firstValues = new List<float>();
        var secondValues = new List<float>();
        using DataViewRowCursor cursor = view.GetRowCursor([a, b]);
        ValueGetter<float> getA = cursor.GetGetter<float>(a);
        ValueGetter<float> getB = cursor.GetGetter<float>(b);
        while (cursor.MoveNext())
        {
            float va = 0, vb = 0;
            getA(ref va);
            getB(ref vb);
            firstValues.Add(va);
            secondValues.Add(vb);
        }

        return (firstValues.ToArray(), secondValues.ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-6f, $"index {i}");
        }
    }

    public sealed class XRow
    {
        [ColumnName("x")]
        public float X { get; set; }
    }

    public sealed class XYRow
    {
        [ColumnName("x")]
        public float X { get; set; }

        [ColumnName("y")]
        public float Y { get; set; }
    }

    public sealed class XnYRow
    {
        [ColumnName("xn")]
        public float Xn { get; set; }

        [ColumnName("y")]
        public float Y { get; set; }
    }

    /// <summary>Only used to show that a loader signature can't be claimed by a second type.</summary>
    public sealed class OtherTransformerLoader
    {
        public static OtherTransformerLoader Create(IHostEnvironment env, object ctx) => new();
    }

    /// <summary>Fits a <see cref="DoublingTransformer"/>; adds the float column <c>output = 2 * input</c>.</summary>
    public sealed class DoublingEstimator(string inputColumn, string outputColumn) : IEstimator<DoublingTransformer>
    {
        public DoublingTransformer Fit(IDataView input)
        {
            DoublingTransformer.CheckInput(input.Schema, inputColumn);
            return new DoublingTransformer(inputColumn, outputColumn);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            SchemaShape.Column? column = inputSchema.Where(c => c.Name == inputColumn).Cast<SchemaShape.Column?>().LastOrDefault();
            if (column is not { Kind: SchemaShape.Column.VectorKind.Scalar } found || found.ItemType != NumberDataViewType.Single)
            {
                throw new ArgumentException($"Column '{inputColumn}' must be a scalar float column.", nameof(inputSchema));
            }

            var added = new DataViewSchema.Builder();
            added.AddColumn(outputColumn, NumberDataViewType.Single);
            SchemaShape.Column output = MlNetModelIO.CreateSchemaShape(added.ToSchema()).Single();
            return new SchemaShape(inputSchema.Where(c => c.Name != outputColumn).Append(output));
        }
    }

    /// <summary>
    /// A toy row-to-row transformer: appends the float column <c>output = factor * input</c>. Its column names go to the
    /// main model stream and its factor to a binary side stream, both through <see cref="MlNetModelIO"/>.
    /// </summary>
    public sealed class DoublingTransformer : ITransformer
    {
        public static readonly ModelFormat Format = new("SYNDOUBL", 0x00010002, 0x00010001, "SynapticDoublingToy");

        internal const string FactorStreamName = "DoublingFactor.bin";
        private const int FactorStreamMagic = 0x44424C31;

        private readonly ModelFormat _writeFormat;

        public DoublingTransformer(string inputColumn, string outputColumn, float factor = 2f, ModelFormat? writeFormat = null)
        {
            InputColumn = inputColumn;
            OutputColumn = outputColumn;
            Factor = factor;
            _writeFormat = writeFormat ?? Format;
        }

        public string InputColumn { get; }

        public string OutputColumn { get; }

        public float Factor { get; }

        /// <summary>The format version read back by <see cref="Create"/>; 0 if not loaded.</summary>
        public uint WrittenVersion { get; private init; }

        /// <summary>The runtime type of the environment ML.NET passed to <see cref="Create"/>; null if not loaded.</summary>
        public Type? LoadEnvironmentType { get; private init; }

        public bool IsRowToRowMapper => true;

        public static void Register(MLContext context) =>
            MlNetModelIO.RegisterLoader(context, typeof(DoublingTransformer), Format, typeof(DoublingTransformer).GetMethod(nameof(Create))!);

        public static DoublingTransformer Create(IHostEnvironment env, object ctx)
        {
            (BinaryReader reader, uint writtenVersion) = MlNetModelIO.BeginLoad(ctx, Format);
            string inputColumn = reader.ReadString();
            string outputColumn = reader.ReadString();

            float factor = float.NaN;
            bool found = MlNetModelIO.TryLoadBinaryStream(ctx, FactorStreamName, side =>
            {
                if (side.ReadInt32() != FactorStreamMagic)
                {
                    throw new InvalidDataException($"The side stream '{FactorStreamName}' does not start with its magic number.");
                }

                factor = side.ReadSingle();
            });
            if (!found)
            {
                throw new InvalidDataException($"The side stream '{FactorStreamName}' is missing.");
            }

            if (MlNetModelIO.TryLoadBinaryStream(ctx, "NoSuchStream.bin", _ => { }))
            {
                throw new InvalidDataException("A stream that was never saved was reported as present.");
            }

            return new DoublingTransformer(inputColumn, outputColumn, factor)
            {
                WrittenVersion = writtenVersion,
                LoadEnvironmentType = env.GetType(),
            };
        }

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            BinaryWriter writer = MlNetModelIO.BeginSave(ctx, _writeFormat, typeof(DoublingTransformer));
            writer.Write(InputColumn);
            writer.Write(OutputColumn);
            MlNetModelIO.SaveBinaryStream(ctx, FactorStreamName, side =>
            {
                side.Write(FactorStreamMagic);
                side.Write(Factor);
            });
        }

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => new Mapper(this, inputSchema).OutputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

        public IDataView Transform(IDataView input) => new MappedDataView(input, new Mapper(this, input.Schema));

        internal static int CheckInput(DataViewSchema schema, string inputColumn)
        {
            DataViewSchema.Column? column = schema.GetColumnOrNull(inputColumn);
            if (column is null || column.Value.Type != NumberDataViewType.Single)
            {
                throw new ArgumentException($"Column '{inputColumn}' must be a float column.", nameof(schema));
            }

            return column.Value.Index;
        }

        /// <summary>Output columns: all input columns (same indices), then the product column.</summary>
        private sealed class Mapper : IRowToRowMapper
        {
            public Mapper(DoublingTransformer parent, DataViewSchema inputSchema)
            {
                InputIndex = CheckInput(inputSchema, parent.InputColumn);
                Factor = parent.Factor;
                InputSchema = inputSchema;
                var builder = new DataViewSchema.Builder();
                builder.AddColumns(inputSchema);
                builder.AddColumn(parent.OutputColumn, NumberDataViewType.Single);
                OutputSchema = builder.ToSchema();
            }

            public DataViewSchema InputSchema { get; }

            public DataViewSchema OutputSchema { get; }

            public int InputIndex { get; }

            public float Factor { get; }

            private int AddedIndex => InputSchema.Count;

            public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
                dependingColumns
                    .Select(c => c.Index == AddedIndex ? InputIndex : c.Index)
                    .Distinct()
                    .Select(i => InputSchema[i])
                    .ToArray();

            public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
                new MappedRow(input, this, activeColumns.Any(c => c.Index == AddedIndex));

            public bool IsActive(DataViewRow input, DataViewSchema.Column column, bool addedActive) =>
                column.Index == AddedIndex ? addedActive : input.IsColumnActive(input.Schema[column.Index]);

            public ValueGetter<T> GetGetter<T>(DataViewRow input, DataViewSchema.Column column)
            {
                if (column.Index != AddedIndex)
                {
                    return input.GetGetter<T>(input.Schema[column.Index]);
                }

                if (typeof(T) != typeof(float))
                {
                    throw new InvalidOperationException($"Column '{column.Name}' is a float column, not {typeof(T).Name}.");
                }

                ValueGetter<float> source = input.GetGetter<float>(input.Schema[InputIndex]);
                float factor = Factor;
                ValueGetter<float> product = (ref float value) =>
                {
                    float x = 0;
                    source(ref x);
                    value = factor * x;
                };
                return (ValueGetter<T>)(Delegate)product;
            }
        }

        private sealed class MappedRow(DataViewRow input, Mapper mapper, bool addedActive) : DataViewRow
        {
            public override long Position => input.Position;

            public override long Batch => input.Batch;

            public override DataViewSchema Schema => mapper.OutputSchema;

            public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => mapper.IsActive(input, column, addedActive);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => mapper.GetGetter<TValue>(input, column);
        }

        private sealed class MappedCursor(DataViewRowCursor input, Mapper mapper, bool addedActive) : DataViewRowCursor
        {
            public override long Position => input.Position;

            public override long Batch => input.Batch;

            public override DataViewSchema Schema => mapper.OutputSchema;

            public override bool MoveNext() => input.MoveNext();

            public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => mapper.IsActive(input, column, addedActive);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => mapper.GetGetter<TValue>(input, column);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    input.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        private sealed class MappedDataView(IDataView input, Mapper mapper) : IDataView
        {
            public bool CanShuffle => input.CanShuffle;

            public DataViewSchema Schema => mapper.OutputSchema;

            public long? GetRowCount() => input.GetRowCount();

            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            {
                DataViewSchema.Column[] needed = columnsNeeded.ToArray();
                return new MappedCursor(input.GetRowCursor(mapper.GetDependencies(needed), rand), mapper, AddedNeeded(needed));
            }

            public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            {
                DataViewSchema.Column[] needed = columnsNeeded.ToArray();
                bool added = AddedNeeded(needed);
                return input.GetRowCursorSet(mapper.GetDependencies(needed), n, rand)
                    .Select(cursor => (DataViewRowCursor)new MappedCursor(cursor, mapper, added))
                    .ToArray();
            }

            private bool AddedNeeded(DataViewSchema.Column[] needed) => needed.Any(c => c.Index == mapper.InputSchema.Count);
        }
    }
}
