<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-links.xsl: every link both pages write: the one safe-link policy, DOI, ORCID, PubMed and figure URLs,
  and the links of the text (ext-link, uri, email, pub-id).
  Input:  JATS link elements and strings; contrib-id elements prepared with w:uri (pipeline/render/prepare.py).
  Output: URL strings, or () where there is no safe one; (default mode) <a href> or, when the target is not
          safe, the text in <span class="unlinked">: the words always stay.

  Policy: a link target is written only for http, https and mailto URLs ("www.example.org" is read as https),
  as an IRI turned into a URI; javascript:, data:, file:, ftp: and relative paths are never links.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:w="urn:x-pipeline:prepared"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- The target of a link from the manuscript, or () when it is not an http, https or mailto URL. -->
  <xsl:function name="f:safe-href" as="xs:string?">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:variable name="h" select="normalize-space($href)"/>
    <xsl:choose>
      <xsl:when test="matches($h, '^(https?://|mailto:)[^\s&lt;&gt;&quot;]+$', 'i')">
        <xsl:sequence select="iri-to-uri($h)"/>
      </xsl:when>
      <xsl:when test="matches($h, '^www\.[^\s&lt;&gt;&quot;/:]+\.[^\s&lt;&gt;&quot;]+$', 'i')">
        <xsl:sequence select="iri-to-uri('https://' || $h)"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- https://doi.org/ URL of a DOI (a bare DOI, "doi:..." or a doi.org URL), or () when it is not a DOI
       (the test of pipeline/identifiers.py cited_doi). -->
  <xsl:function name="f:doi-url" as="xs:string?">
    <xsl:param name="doi" as="xs:string?"/>
    <xsl:variable name="d" select="f:bare-doi($doi)"/>
    <xsl:sequence select="if ($d) then 'https://doi.org/' || f:encode-path($d) else ()"/>
  </xsl:function>

  <xsl:function name="f:bare-doi" as="xs:string?">
    <xsl:param name="doi" as="xs:string?"/>
    <xsl:variable name="d" select="replace(normalize-space($doi), '^(doi:\s*|https?://(dx\.)?doi\.org/)', '', 'i')"/>
    <xsl:sequence select="if (matches($d, '^10\.\d+/\S+$')) then $d else ()"/>
  </xsl:function>

  <!-- Percent-encode what may not stand in a URL path, keeping "/" (DOIs and file names). -->
  <xsl:function name="f:encode-path" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="string-join(for $part in tokenize($s, '/') return encode-for-uri($part), '/')"/>
  </xsl:function>

  <!-- A contributor's ORCID iD URI, as enrich writes it (prepared: w:uri), or (). -->
  <xsl:function name="f:orcid-uri" as="xs:string?">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:sequence select="($contrib/contrib-id[@contrib-id-type = 'orcid']/@w:uri)[1] ! string(.)"/>
  </xsl:function>

  <xsl:function name="f:pubmed-url" as="xs:string?">
    <xsl:param name="pmid" as="xs:string?"/>
    <xsl:sequence select="if (matches(normalize-space($pmid), '^\d+$'))
                          then 'https://pubmed.ncbi.nlm.nih.gov/' || normalize-space($pmid) || '/' else ()"/>
  </xsl:function>

  <!-- The src of a figure file: the figures folder plus the file's own name (never a path or a URL). -->
  <xsl:function name="f:figure-src" as="xs:string">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="$figures-dir || encode-for-uri(tokenize(normalize-space($href), '[/\\]')[last()])"/>
  </xsl:function>

  <!-- A link: the text always stays; the href only when it is safe. -->
  <xsl:template name="f:link">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:variable name="safe" select="f:safe-href($href)"/>
    <xsl:choose>
      <xsl:when test="$safe">
        <a href="{$safe}">
          <xsl:if test="$class"><xsl:attribute name="class" select="$class"/></xsl:if>
          <xsl:sequence select="$content"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{string-join(('unlinked', $class), ' ')}"><xsl:sequence select="$content"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ext-link | uri | self-uri[normalize-space()] | abbrev[@xlink:href] | related-article[@xlink:href]">
    <xsl:variable name="raw" select="string((@xlink:href, .)[1])"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="if (@ext-link-type = 'doi' or (f:bare-doi($raw) and not(matches($raw, '^https?:', 'i'))))
                                          then f:doi-url($raw)
                                          else if (@ext-link-type = 'pmid') then f:pubmed-url($raw)
                                          else $raw"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates/>
        <xsl:if test="not(node())"><xsl:value-of select="$raw"/></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="email">
    <xsl:variable name="addr" select="normalize-space((@xlink:href, .)[1])"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="if (matches($addr, '^[^\s@:/?#]+@[^\s@:/?#]+$')) then 'mailto:' || $addr else ()"/>
      <xsl:with-param name="class" select="'email'"/>
      <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- pub-id inside running text or a mixed citation: a link where it is a DOI or a PubMed id. -->
  <xsl:template match="pub-id">
    <xsl:variable name="url" select="if (@pub-id-type = 'doi') then f:doi-url(.)
                                     else if (@pub-id-type = 'pmid') then f:pubmed-url(.) else ()"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="$url"/>
      <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
