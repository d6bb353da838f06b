namespace GenGemini;

/// <summary>The eighteen Gemini status codes. No other code ever leaves the server.</summary>
public enum StatusCode
{
    /// <summary>10: input expected.</summary>
    Input = 10,
    /// <summary>11: sensitive input expected (not echoed).</summary>
    SensitiveInput = 11,
    /// <summary>20: success; META is the MIME type.</summary>
    Success = 20,
    /// <summary>30: temporary redirect.</summary>
    RedirectTemporary = 30,
    /// <summary>31: permanent redirect.</summary>
    RedirectPermanent = 31,
    /// <summary>40: temporary failure.</summary>
    TemporaryFailure = 40,
    /// <summary>41: server unavailable.</summary>
    ServerUnavailable = 41,
    /// <summary>42: CGI error.</summary>
    CgiError = 42,
    /// <summary>43: proxy error.</summary>
    ProxyError = 43,
    /// <summary>44: slow down; META is the seconds to wait.</summary>
    SlowDown = 44,
    /// <summary>50: permanent failure.</summary>
    PermanentFailure = 50,
    /// <summary>51: not found.</summary>
    NotFound = 51,
    /// <summary>52: gone.</summary>
    Gone = 52,
    /// <summary>53: proxy request refused (a host or port this server does not serve).</summary>
    ProxyRequestRefused = 53,
    /// <summary>59: bad request.</summary>
    BadRequest = 59,
    /// <summary>60: client certificate required.</summary>
    ClientCertificateRequired = 60,
    /// <summary>61: certificate not authorised.</summary>
    CertificateNotAuthorised = 61,
    /// <summary>62: certificate not valid.</summary>
    CertificateNotValid = 62,
}
