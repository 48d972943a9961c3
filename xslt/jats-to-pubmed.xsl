<?xml version="1.0" encoding="UTF-8"?>
<!--
  jats-to-pubmed.xsl: paginated JATS articles -> one PubMed <ArticleSet> (PubMed's "XML for data providers").

  Input   <articles><article>...</article>...</articles>, the issue's paginated JATS files in table-of-contents
          order (docs/jats-profile.md), wrapped by pipeline/deposit/pubmed.py, which has already checked that
          every value PubMed requires is present.
  Params  publication-types  JSON object: article-type subject (article-categories) -> PubMed PublicationType,
                             from the journal config (article_types.*.pubmed).
  Output  <ArticleSet> without DOCTYPE; Python validates it against schemas/store/pubmed-deposit-dtd/PubMed.dtd
          and writes it with the PubMed 3.0 DOCTYPE.

  Elements follow the order of the DTD's Article model; each group is one template. Values come from the
  JATS only. References are not sent (optional in PubMed; PMC carries them).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:f="urn:local:functions"
    exclude-result-prefixes="#all">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="publication-types" as="xs:string" select="'{}'"/>
  <xsl:variable name="types" as="map(*)" select="parse-json($publication-types)"/>

  <xsl:template match="/articles">
    <ArticleSet>
      <xsl:apply-templates select="article"/>
    </ArticleSet>
  </xsl:template>

  <xsl:template match="article">
    <xsl:variable name="meta" select="front/article-meta"/>
    <Article>
      <xsl:apply-templates select="front/journal-meta"/>
      <ArticleTitle><xsl:apply-templates select="$meta/title-group/article-title/node()" mode="inline"/></ArticleTitle>
      <!-- Pages, or (an online-only journal's article, which has none) its e-location id as PubMed's "pii"
           ELocationID. -->
      <xsl:for-each select="$meta/fpage[normalize-space()][1]">
        <FirstPage><xsl:value-of select="normalize-space(.)"/></FirstPage>
        <xsl:for-each select="$meta/lpage[normalize-space()]">
          <LastPage><xsl:value-of select="normalize-space(.)"/></LastPage>
        </xsl:for-each>
      </xsl:for-each>
      <ELocationID EIdType="doi"><xsl:value-of select="f:doi(.)"/></ELocationID>
      <xsl:for-each select="$meta[not(fpage[normalize-space()])]/elocation-id[normalize-space()][1]">
        <ELocationID EIdType="pii"><xsl:value-of select="normalize-space(.)"/></ELocationID>
      </xsl:for-each>
      <Language><xsl:value-of select="upper-case((@xml:lang, 'en')[1])"/></Language>
      <xsl:apply-templates select="$meta/contrib-group[contrib[@contrib-type = 'author']][1]"/>
      <PublicationType>
        <xsl:value-of select="$types(normalize-space($meta/article-categories/subj-group[@subj-group-type = 'article-type']/subject))"/>
      </PublicationType>
      <ArticleIdList>
        <ArticleId IdType="doi"><xsl:value-of select="f:doi(.)"/></ArticleId>
        <xsl:for-each select="$meta/article-id[@pub-id-type = 'publisher-id'][normalize-space()]">
          <!-- The publisher's own item identifier (the manuscript number) is PubMed's "pii". -->
          <ArticleId IdType="pii"><xsl:value-of select="normalize-space(.)"/></ArticleId>
        </xsl:for-each>
      </ArticleIdList>
      <xsl:call-template name="history"/>
      <xsl:apply-templates select="$meta/abstract[not(@abstract-type)][1]"/>
      <xsl:for-each select="$meta/permissions/copyright-statement[normalize-space()]">
        <CopyrightInformation><xsl:value-of select="normalize-space(.)"/></CopyrightInformation>
      </xsl:for-each>
      <xsl:for-each select="(back//fn[@fn-type = 'coi-statement'])[1]">
        <CoiStatement><xsl:apply-templates select="p/node()" mode="inline"/></CoiStatement>
      </xsl:for-each>
      <xsl:call-template name="keywords"/>
    </Article>
  </xsl:template>

  <!-- ===== Journal -->

  <xsl:template match="journal-meta">
    <xsl:variable name="meta" select="../article-meta"/>
    <Journal>
      <PublisherName><xsl:value-of select="normalize-space(publisher/publisher-name)"/></PublisherName>
      <!-- NLM's spec: "The standard abbreviation for the journal title" (the NLM title abbreviation). -->
      <JournalTitle>
        <xsl:value-of select="normalize-space((journal-title-group/abbrev-journal-title[@abbrev-type = 'nlm-ta'],
                                              journal-id[@journal-id-type = 'nlm-ta'],
                                              journal-title-group/journal-title)[1])"/>
      </JournalTitle>
      <!-- PubMed's spec asks for one ISSN, "the ISSN of the journal". We send the print ISSN: the citation we
           describe is the issue's (PubStatus ppublish below), and the print ISSN is the one that names the title
           in the NLM Catalog. A journal with no print ISSN sends its electronic one. -->
      <Issn><xsl:value-of select="normalize-space((issn[@pub-type = 'ppub' or @publication-format = 'print'],
                                                   issn[@pub-type = 'epub' or @publication-format = 'electronic'],
                                                   issn)[1])"/></Issn>
      <Volume><xsl:value-of select="normalize-space($meta/volume)"/></Volume>
      <xsl:for-each select="$meta/issue[normalize-space()]">
        <Issue><xsl:value-of select="normalize-space(.)"/></Issue>
      </xsl:for-each>
      <!-- The citation date is the issue's ("ppublish"); the article's own online date goes to History as
           "epublish", which PubMed shows as "Epub <date>" after the citation (PubMed's PubStatus guide,
           print-electronic model). A journal published online only (no print ISSN) cites the article by its
           online date ("epublish", PubMed's electronic-only model). -->
      <xsl:choose>
        <xsl:when test="f:online-only(.)">
          <xsl:apply-templates select="f:epub-date($meta)" mode="pubdate">
            <xsl:with-param name="status" select="'epublish'"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="f:collection-date($meta)" mode="pubdate">
            <xsl:with-param name="status" select="'ppublish'"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </Journal>
  </xsl:template>

  <!-- ===== authorlist -->

  <xsl:template match="contrib-group">
    <AuthorList>
      <xsl:apply-templates select="contrib[@contrib-type = 'author']"/>
    </AuthorList>
  </xsl:template>

  <xsl:template match="contrib">
    <Author>
      <xsl:if test="@equal-contrib = 'yes'">
        <xsl:attribute name="EqualContrib" select="'Y'"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="name">
          <xsl:choose>
            <xsl:when test="normalize-space(name/given-names)">
              <FirstName><xsl:value-of select="normalize-space(name/given-names)"/></FirstName>
            </xsl:when>
            <xsl:otherwise><FirstName EmptyYN="Y"/></xsl:otherwise>
          </xsl:choose>
          <LastName><xsl:value-of select="normalize-space(name/surname)"/></LastName>
          <xsl:for-each select="name/suffix[normalize-space()]">
            <Suffix><xsl:value-of select="normalize-space(.)"/></Suffix>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <CollectiveName><xsl:value-of select="normalize-space(collab)"/></CollectiveName>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="f:affiliations(.)">
        <AffiliationInfo><Affiliation><xsl:value-of select="f:aff-text(.)"/></Affiliation></AffiliationInfo>
      </xsl:for-each>
      <!-- PubMed's Identifier documentation gives the ORCID iD in its URL form; we send the JATS value. -->
      <xsl:for-each select="contrib-id[@contrib-id-type = 'orcid'][normalize-space()]">
        <Identifier Source="ORCID"><xsl:value-of select="normalize-space(.)"/></Identifier>
      </xsl:for-each>
    </Author>
  </xsl:template>

  <!-- ===== History: received, revised, accepted, then the online publication -->

  <xsl:template name="history">
    <xsl:variable name="meta" select="front/article-meta"/>
    <xsl:variable name="dates" as="element()*">
      <xsl:apply-templates select="$meta/history/date[@date-type = 'received']" mode="pubdate">
        <xsl:with-param name="status" select="'received'"/>
      </xsl:apply-templates>
      <!-- "rev-recd" is a revision received; a revision request ("rev-request") is not a PubMed date. -->
      <xsl:apply-templates select="$meta/history/date[@date-type = 'rev-recd']" mode="pubdate">
        <xsl:with-param name="status" select="'revised'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$meta/history/date[@date-type = 'accepted']" mode="pubdate">
        <xsl:with-param name="status" select="'accepted'"/>
      </xsl:apply-templates>
      <!-- (an online-only journal's online date is the citation's own, in Journal) -->
      <xsl:apply-templates select="f:epub-date($meta)[not(f:online-only(current()/front/journal-meta))]" mode="pubdate">
        <xsl:with-param name="status" select="'epublish'"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:if test="exists($dates)">
      <History><xsl:sequence select="$dates"/></History>
    </xsl:if>
  </xsl:template>

  <xsl:template match="date | pub-date" mode="pubdate">
    <xsl:param name="status" as="xs:string"/>
    <PubDate PubStatus="{$status}">
      <Year><xsl:value-of select="normalize-space(year)"/></Year>
      <xsl:for-each select="month[normalize-space()]"><Month><xsl:value-of select="normalize-space(.)"/></Month></xsl:for-each>
      <xsl:for-each select="day[normalize-space()]"><Day><xsl:value-of select="normalize-space(.)"/></Day></xsl:for-each>
    </PubDate>
  </xsl:template>

  <!-- ===== Abstract: one AbstractText per section; an unstructured abstract is the Abstract's own text -->
  <!-- The publisher DTD requires AbstractText/@Label and has no NlmCategory: NLM assigns categories itself. -->

  <xsl:template match="abstract[sec]">
    <Abstract>
      <xsl:for-each select="sec">
        <AbstractText Label="{normalize-space(title)}">
          <xsl:for-each select="p">
            <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:apply-templates select="node()" mode="inline"/>
          </xsl:for-each>
        </AbstractText>
      </xsl:for-each>
    </Abstract>
  </xsl:template>

  <xsl:template match="abstract">
    <Abstract>
      <xsl:for-each select="p">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="node()" mode="inline"/>
      </xsl:for-each>
    </Abstract>
  </xsl:template>

  <!-- ===== objectlist: author keywords -->

  <xsl:template name="keywords">
    <xsl:variable name="kwds" select="front/article-meta/kwd-group/kwd[normalize-space()]"/>
    <xsl:if test="exists($kwds)">
      <ObjectList>
        <xsl:for-each select="$kwds">
          <Object Type="keyword">
            <Param Name="value"><xsl:apply-templates select="node()" mode="inline"/></Param>
          </Object>
        </xsl:for-each>
      </ObjectList>
    </xsl:if>
  </xsl:template>

  <!-- ===== inline markup: PubMed keeps i, b, u, sup, sub (and MathML where the DTD allows it); links keep their text -->

  <xsl:template match="italic" mode="inline"><i><xsl:apply-templates mode="inline"/></i></xsl:template>
  <xsl:template match="bold" mode="inline"><b><xsl:apply-templates mode="inline"/></b></xsl:template>
  <xsl:template match="underline" mode="inline"><u><xsl:apply-templates mode="inline"/></u></xsl:template>
  <xsl:template match="sup" mode="inline"><sup><xsl:apply-templates mode="inline"/></sup></xsl:template>
  <xsl:template match="sub" mode="inline"><sub><xsl:apply-templates mode="inline"/></sub></xsl:template>
  <!-- MathML is allowed directly in titles, abstracts and keywords, not inside i/b/u/sup/sub: there it is text. -->
  <xsl:template match="inline-formula[mml:math]" mode="inline">
    <xsl:choose>
      <xsl:when test="ancestor::*[self::italic or self::bold or self::underline or self::sup or self::sub]">
        <xsl:value-of select="normalize-space(mml:math)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="mml:math" mode="math"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="*" mode="inline"><xsl:apply-templates mode="inline"/></xsl:template>
  <xsl:template match="text()" mode="inline"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>

  <!-- MathML copied without its ids (ids need not be unique across articles) and without foreign namespaces. -->
  <xsl:template match="mml:*" mode="math">
    <xsl:element name="mml:{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:copy-of select="@* except @id"/>
      <xsl:apply-templates mode="math"/>
    </xsl:element>
  </xsl:template>

  <!-- ===== helpers -->

  <xsl:function name="f:doi" as="xs:string">
    <xsl:param name="article" as="element(article)"/>
    <xsl:sequence select="normalize-space($article/front/article-meta/article-id[@pub-id-type = 'doi'])"/>
  </xsl:function>

  <!-- A journal without a print ISSN publishes online only. -->
  <xsl:function name="f:online-only" as="xs:boolean">
    <xsl:param name="journal-meta" as="element(journal-meta)"/>
    <xsl:sequence select="not($journal-meta/issn[@pub-type = 'ppub' or @publication-format = 'print'])"/>
  </xsl:function>

  <xsl:function name="f:collection-date" as="element(pub-date)?">
    <xsl:param name="meta" as="element(article-meta)"/>
    <xsl:sequence select="($meta/pub-date[@date-type = 'collection' or @pub-type = 'collection'])[1]"/>
  </xsl:function>

  <xsl:function name="f:epub-date" as="element(pub-date)?">
    <xsl:param name="meta" as="element(article-meta)"/>
    <xsl:sequence select="($meta/pub-date[@date-type = 'pub'][@publication-format = 'electronic'],
                           $meta/pub-date[@pub-type = 'epub'])[1]"/>
  </xsl:function>

  <!-- An author's affiliations: aff elements inside the contrib, then those its xrefs point to, in that order. -->
  <xsl:function name="f:affiliations" as="element(aff)*">
    <xsl:param name="contrib" as="element(contrib)"/>
    <xsl:variable name="affs" select="$contrib/ancestor::article-meta//aff"/>
    <xsl:sequence select="$contrib/aff,
                          for $rid in $contrib/xref[@ref-type = 'aff']/tokenize(@rid) return $affs[@id = $rid]"/>
  </xsl:function>

  <!-- An affiliation as one line of text, without its label. -->
  <xsl:function name="f:aff-text" as="xs:string">
    <xsl:param name="aff" as="element(aff)"/>
    <xsl:sequence select="normalize-space(string-join($aff/(node() except label)/string()))"/>
  </xsl:function>

</xsl:stylesheet>
