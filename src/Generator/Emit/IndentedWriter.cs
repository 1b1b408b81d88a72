using System.Text;

namespace KernelGen.Generator.Emit
{
    /// <summary>A small indented text writer: generated code is read by users, so it is laid out by hand.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Indent() => _depth++;
        public void Unindent() => _depth--;

        public void Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
            _text.Append('\n');
        }

        /// <summary>A preprocessor directive (<c>#line …</c>), at column 0 where it stands out.</summary>
        public void Directive(string directive) => _text.Append(directive).Append('\n');

        /// <summary>Writes several lines (already relatively indented) at the current depth.</summary>
        public void Lines(string text)
        {
            foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
                Line(line.TrimEnd());
        }

        public void Open(string line)
        {
            Line(line);
            Line("{");
            Indent();
        }

        public void Close(string suffix = "")
        {
            Unindent();
            Line("}" + suffix);
        }

        /// <summary>Where the next line will go, for <see cref="InsertLines"/>.</summary>
        public (int Position, int Depth) Mark() => (_text.Length, _depth);

        /// <summary>Inserts lines at a <see cref="Mark"/> taken earlier (at that depth), before what was written since.</summary>
        public void InsertLines((int Position, int Depth) mark, System.Collections.Generic.IEnumerable<string> lines)
        {
            var text = new StringBuilder();
            foreach (string line in lines) text.Append(' ', mark.Depth * 4).Append(line).Append('\n');
            _text.Insert(mark.Position, text.ToString());
        }

        public override string ToString() => _text.ToString();
    }
}
