using System.Globalization;
using System.Text;
using System.Xml;

namespace GenGemini.Gemlog;

/// <summary>A gemlog's Atom 1.0 feed (RFC 4287), written with XmlWriter.</summary>
internal static class AtomFeed
{
    /// <summary>The feed for <paramref name="posts"/> (newest first), whose index is at <paramref name="indexUrl"/> (absolute, ending with '/').</summary>
    public static byte[] Write(IReadOnlyList<GemlogPost> posts, GemlogOptions options, string indexUrl)
    {
        var output = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using (var xml = XmlWriter.Create(output, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            if (options.Language is { } language)
            {
                xml.WriteAttributeString("xml", "lang", null, language);
            }

            xml.WriteElementString("id", indexUrl);
            xml.WriteElementString("title", Clean(options.Title));
            var entries = posts.Take(options.FeedEntries).ToList();
            xml.WriteElementString("updated", Time(entries.Count == 0 ? DateTime.UnixEpoch : entries.Max(Updated)));
            xml.WriteStartElement("author");
            xml.WriteElementString("name", Clean(options.Author ?? options.Title));
            xml.WriteEndElement();
            Link(xml, "self", indexUrl + "atom.xml", "application/atom+xml");
            Link(xml, "alternate", indexUrl, "text/gemini");
            foreach (var post in entries)
            {
                var url = indexUrl + Uri.EscapeDataString(post.FileName);
                xml.WriteStartElement("entry");
                xml.WriteElementString("id", url);
                xml.WriteElementString("title", Clean(post.Title));
                xml.WriteElementString("updated", Time(Updated(post)));
                Link(xml, "alternate", url, "text/gemini");
                xml.WriteElementString("summary", Clean(post.Summary.Length > 0 ? post.Summary : post.Title));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    /// <summary>A post's date, or its modification time when that is later.</summary>
    private static DateTime Updated(GemlogPost post)
    {
        var date = post.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return post.LastWriteUtc > date ? post.LastWriteUtc : date;
    }

    private static string Time(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("type", type);
        xml.WriteEndElement();
    }

    /// <summary>Text without the characters XML cannot hold (controls a post's text may carry).</summary>
    private static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : new string([.. text.Where(XmlConvert.IsXmlChar)]);
}
