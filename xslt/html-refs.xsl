<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-refs.xsl: what the web page adds to each reference of the core's list (core-refs.xsl): a PubMed link
  where the reference has a pmid, and a back-link (↩, read as "Back to citation N") to each place in the
  text that cites it.
  Input:  ref elements, and the article's citation xrefs (ref-type="bibr"; their ids are html-body.xsl's).
  Output: (mode f:ref-extras) <span class="ref-links"> and <span class="backlinks">.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- Citations of each reference, by reference id (a range xref counts for every reference in it). -->
  <xsl:key name="f:citations" match="xref[@ref-type = 'bibr'][not(ancestor::sub-article)]" use="tokenize(normalize-space(@rid), ' ')"/>

  <xsl:template match="ref" mode="f:ref-extras">
    <xsl:call-template name="f:ref-links"/>
    <xsl:call-template name="f:backlinks"/>
  </xsl:template>

  <!-- A PubMed link where the reference has a pmid (the DOI is a link in the reference's text). -->
  <xsl:template name="f:ref-links">
    <xsl:variable name="pmid" select="f:pubmed-url(((element-citation | mixed-citation | citation | nlm-citation)/pub-id[@pub-id-type = 'pmid'])[1])"/>
    <xsl:if test="$pmid">
      <span class="ref-links"><xsl:text> </xsl:text><a class="ref-pubmed" href="{$pmid}">PubMed</a></span>
    </xsl:if>
  </xsl:template>

  <!-- One back-link per place that cites this reference. -->
  <xsl:template name="f:backlinks">
    <xsl:variable name="cites" select="if (@id) then key('f:citations', string(@id)) else ()"/>
    <xsl:if test="$cites">
      <span class="backlinks">
        <xsl:for-each select="$cites">
          <xsl:text> </xsl:text>
          <a class="backlink" href="#{f:cite-id(.)}">
            <span aria-hidden="true">↩<xsl:if test="count($cites) gt 1"><sup><xsl:value-of select="position()"/></sup></xsl:if></span>
            <span class="visually-hidden">Back to citation <xsl:value-of select="position()"/></span>
          </a>
        </xsl:for-each>
      </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
